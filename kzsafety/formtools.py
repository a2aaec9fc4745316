"""Form helpers every app's pages share."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

# The largest PostgreSQL integer. A plain form's number field that ends up in an integer
# column stops here, so a bigger number is a message on the form, not a database error.
# (Model forms need not: their fields take the range from the model field.)
INTEGER_MAX = 2**31 - 1


def attempt(form, action: Callable[[], Any]) -> Any:
    """Run a write function; a refusal (ValidationError) becomes an error on the form, at
    its field when the form has it, else on the whole form. Returns the result, or None."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
