"""Two holes in Django's admin that crafted posts reach, closed for every model admin the
site registers (kzsafety.admin_site): an action's selection is filtered as posted, so an
empty or non-numeric id raises deep in the action; and an inline form leaves its parent
out of the constraint checks, so a row repeating a saved one (a formset posted with
INITIAL_FORMS=0, or two people adding the same row) fails in the database."""

from django.contrib.admin import helpers
from django.core.exceptions import BadRequest, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from kzsafety.querystrings import id_from

INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


# Rows an inline may be posted with. A crafted TOTAL_FORMS makes Django build (and render
# again, with the error) up to 2,000 empty forms: half a minute of one worker's time.
MAX_INLINE_FORMS = 300


class ParentCheckedFormSet(BaseInlineFormSet):
    """Checks each changed row's unique constraints with its parent set, as the database
    will, so a duplicate is a message on the row instead of an IntegrityError; and builds
    at most MAX_INLINE_FORMS rows, whatever the post claims."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.absolute_max = min(self.absolute_max, MAX_INLINE_FORMS)

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            if not form.is_valid() or self._should_delete_form(form) or not form.has_changed():
                continue
            exclude = form._get_validation_exclusions() - {self.fk.name}
            try:
                form.instance.validate_unique(exclude=exclude)
                form.instance.validate_constraints(exclude=exclude)
            except ValidationError as error:
                form.add_error(None, error.messages)


def parent_checked(formset: type[BaseInlineFormSet]) -> type[BaseInlineFormSet]:
    if issubclass(formset, ParentCheckedFormSet):
        return formset
    return type(formset.__name__, (ParentCheckedFormSet, formset), {})


class CheckedInput:
    """Mixed into every registered ModelAdmin."""

    def response_action(self, request, queryset):
        pk = self.model._meta.pk
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            if pk.get_internal_type() in INTEGER_KEYS:
                # Only ids a database column holds: SQLite overflows on a longer number.
                valid = id_from(value) is not None
            else:
                try:
                    valid = pk.get_prep_value(pk.to_python(value)) is not None
                except (ValidationError, ValueError, TypeError):
                    valid = False
            if not valid:
                raise BadRequest(_("The selection holds an id that is not valid."))
        return super().response_action(request, queryset)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.formset = parent_checked(inline.formset)
        return inlines


def checked(admin_class: type) -> type:
    """The admin class with CheckedInput mixed in (once)."""
    if issubclass(admin_class, CheckedInput):
        return admin_class
    return type(
        admin_class.__name__, (CheckedInput, admin_class), {"__module__": admin_class.__module__}
    )
