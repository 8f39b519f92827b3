"""The one error type the domain raises: a message a user can read, and where it applies."""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A refused change, with a user-readable (translated) message.

    `field` names the form field (or import column) the problem belongs to, when there is one,
    so a view can put the message next to the right input and the importer can name the column.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field

    def __str__(self) -> str:
        return self.message

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "DomainError":
        if hasattr(error, "error_dict"):
            field, errors = next(iter(error.error_dict.items()))
            messages = [message for item in errors for message in item.messages]
            return cls(" ".join(messages), field=None if field == "__all__" else field)
        return cls(" ".join(error.messages))


class BulkRefused(Exception):
    """Some rows of a bulk write broke the rules; errors maps each row's index to its error."""

    def __init__(self, errors: dict[int, DomainError]) -> None:
        super().__init__(f"{len(errors)} row(s) refused")
        self.errors = errors


def add_to_form(form, error: DomainError) -> None:
    """Show a domain refusal on a form, next to its field when the form has that field."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
