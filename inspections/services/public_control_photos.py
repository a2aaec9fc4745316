"""Evidence photos of violations: checking an upload, storing it under a random name, and
deleting the files of removed records once the removal is committed."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from inspections.access import violations_visible_to
from inspections.models import EvidencePhoto, EvidenceStage, Violation
from inspections.services.public_control_rights import (
    may_confirm,
    may_report_fixed,
    require_in_scope,
    require_inspector_of,
)
from kzsafety.accounts.models import User
from kzsafety.records import locked
from kzsafety.uploads import IMAGE_TYPES, checked_upload


def check_photo(file: UploadedFile) -> str:
    """Validate an uploaded photo and return its real content type (read from its first
    bytes by the project's upload check: JPEG, PNG or WebP, at most 10 MB)."""
    if file.size == 0:
        raise ValidationError({"photo": _("The photo file is empty.")})
    try:
        return checked_upload(file, IMAGE_TYPES)
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error


def store_photo(*, user: User, violation: Violation, file: UploadedFile, stage: str):
    content_type = check_photo(file)
    photo = EvidencePhoto(
        violation=violation,
        stage=stage,
        original_name=(file.name or "photo")[-255:],
        content_type=content_type,
        size=file.size,
        uploaded_by=user,
    )
    # Validation happens before anything is written; a file left by a later rollback has a
    # random name and no row pointing at it, so nobody can reach it.
    photo.file.save("photo", file, save=False)
    photo.save()
    return photo


def delete_files_on_commit(names: Iterable[tuple]) -> None:
    names = list(names)

    def delete():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def evidence_photo_add(
    *, user: User, violation: Violation, file: UploadedFile, stage: str = EvidenceStage.FOUND
) -> EvidencePhoto:
    """Add a photo to a violation: while its inspection is a draft, by its inspectors;
    later, as evidence of fixing, by whoever may report it fixed or confirm it."""
    require_in_scope(violations_visible_to, user, violation)
    violation = locked(Violation, violation.pk)
    if violation.inspection.is_draft:
        require_inspector_of(violation.inspection, user)
    elif not (may_report_fixed(user, violation) or may_confirm(user, violation)):
        raise PermissionDenied(_("You cannot add photos to this violation now."))
    else:
        stage = EvidenceStage.FIXED
    return store_photo(user=user, violation=violation, file=file, stage=stage)
