"""The one way list pages read their query string: a filter set (or form) per list.

Each app's ``filters.py`` declares its lists' filters as ``ListFilterSet`` subclasses (a
django-filter ``FilterSet``) whose ``ListFilter``s use the fields below, and the other query
strings (a switch, an id to preselect) as ``FilterForm`` subclasses. The fields bound what
reaches a query: text loses its control characters (PostgreSQL refuses a NUL byte in a
parameter) and is cut to a sane length, integers stay within what the database column holds,
a year within 1900–2100. The rule for a value that does not fit is the same everywhere: the
page drops that filter and shows the form's error beside the others (still 200), and a file
export answers 400 with the errors rather than export something other than what was asked
(``bad_filters``).
"""

from __future__ import annotations

import copy
import re
from typing import Any

import django_filters
from django import forms
from django.http import HttpRequest, HttpResponseBadRequest, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_ID = 2**63 - 1  # the largest primary key PostgreSQL's bigint holds
MIN_YEAR = 1900
MAX_YEAR = 2100
TEXT_LENGTH = 100

# C0 and C1 control characters, DEL included; in a search box they are never meant.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def clean_text(value: object, max_length: int = TEXT_LENGTH) -> str:
    """One line of text: control characters become a space, ends trimmed, length bounded."""
    text = _CONTROL.sub(" ", str(value or "")).strip()
    return text[:max_length].strip()


class TextFilter(forms.CharField):
    """Free text (a search): cleaned by ``clean_text`` and cut rather than refused when long."""

    def __init__(self, *, max_length: int = TEXT_LENGTH, **kwargs: Any) -> None:
        self.cut_at = max_length
        kwargs.setdefault("required", False)
        # Also the input's maxlength; the validator never fires, the text is cut first.
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value: Any) -> str:
        return clean_text(value, self.cut_at)


class CodeFilter(TextFilter):
    """A short code (a country, a language), cut to its length as the lists always did."""

    def __init__(self, *, max_length: int, upper: bool = False, **kwargs: Any) -> None:
        self.upper = upper
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value: Any) -> str:
        code = clean_text(value, 1000)[: self.cut_at]
        return code.upper() if self.upper else code


class IdFilter(forms.IntegerField):
    """The primary key of a row to filter on: a positive integer a bigint column can hold."""

    default_error_messages = {
        "invalid": gettext_lazy("Choisissez une valeur de la liste."),
        "min_value": gettext_lazy("Choisissez une valeur de la liste."),
        "max_value": gettext_lazy("Choisissez une valeur de la liste."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        return super().to_python(clean_text(value, 1000))


class YearFilter(forms.IntegerField):
    """A calendar year between 1900 and 2100 (narrower bounds may be given)."""

    def __init__(self, *, lower: int = MIN_YEAR, upper: int = MAX_YEAR, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.bounds = {"min": lower, "max": upper}

    def to_python(self, value: Any) -> int | None:
        try:
            return super().to_python(clean_text(value, 10))
        except forms.ValidationError:
            raise self._out_of_range() from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not self.bounds["min"] <= value <= self.bounds["max"]:
            raise self._out_of_range()

    def _out_of_range(self) -> forms.ValidationError:
        return forms.ValidationError(
            _("Saisissez une année entre %(min)s et %(max)s.") % self.bounds, code="invalid"
        )


class ChoiceFilter(forms.ChoiceField):
    """One value among known ones (a status, a country code…)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return clean_text(value, 50)


class FlagFilter(forms.Field):
    """A switch in the address (``?mes=1``, ``?format=csv``): on for that exact value only."""

    widget = forms.HiddenInput

    def __init__(self, *, on: str = "1", **kwargs: Any) -> None:
        self.on = on
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> bool:
        return value == self.on


class ExportFilter(forms.Field):
    """``?format=csv`` or ``?format=xlsx``: the list as a file, with the same filters.

    Any other value (an old or mistyped link) shows the page, as without the parameter.
    """

    widget = forms.HiddenInput
    FORMATS = ("csv", "xlsx")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return value if value in self.FORMATS else ""


class SortFilter(forms.Field):
    """A sort key of the list; an unknown one (an old link) quietly falls back to the default."""

    widget = forms.HiddenInput

    def __init__(self, *, keys: Any, default: str, **kwargs: Any) -> None:
        self.keys = keys
        self.default_key = default
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return value if isinstance(value, str) and value in self.keys else self.default_key


class FilterForm(forms.Form):
    """The filters of one list, read from ``request.GET``.

    ``values`` holds every field's cleaned value, with the empty value of the fields whose
    input was refused: a bad filter is dropped, its error stays in ``errors`` for the page.
    """

    mark_optional = False  # every filter is optional: no "(facultatif)" on each label

    def __init__(self, data: QueryDict | dict | None = None, **kwargs: Any) -> None:
        super().__init__(data if data is not None else {}, **kwargs)

    @property
    def values(self) -> dict[str, Any]:
        self.is_valid()
        values = {}
        for name, field in self.fields.items():
            if name in self.cleaned_data:
                values[name] = self.cleaned_data[name]
            else:
                values[name] = field.to_python(None) if _lenient(field) else None
        return values

    def error_list(self) -> list[str]:
        """Each refused filter as "Label : message", for the summary above the list."""
        self.is_valid()
        lines = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else name
            for message in errors:
                lines.append(f"{label or name} : {message}" if label or name else message)
        return lines


def _lenient(field: forms.Field) -> bool:
    # These fields turn any input, None included, into a value: text, a flag, a sort key.
    return isinstance(field, TextFilter | FlagFilter | SortFilter | ChoiceFilter)


def bad_filters(form: FilterForm | ListFilterSet) -> HttpResponseBadRequest:
    """400 for a file asked with filters that do not fit: the errors, in plain text."""
    lines = [_("Ces filtres ne conviennent pas ; corrigez l'adresse et recommencez :")]
    lines += [f"- {line}" for line in form.error_list()]
    return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")


class ListFilter(django_filters.Filter):
    """A django-filter filter whose form field is one of the fields above.

    ``ListFilter(TextFilter, label=…)``: the field class does the cleaning, the other keyword
    arguments go to it. The list's selector applies the cleaned value (``ListFilterSet.values``).
    """

    def __init__(self, field_class: type[forms.Field], **kwargs: Any) -> None:
        self.field_class = field_class
        super().__init__(**kwargs)


class ListFilterSet(django_filters.FilterSet):
    """The filters of one list page, read from ``request.GET``.

    The form is a ``FilterForm``: a value that does not fit drops that filter only, the others
    apply, and ``errors`` / ``error_list()`` hold what was refused for the page (or for
    ``bad_filters``). The lists' selectors take ``values`` (every filter, cleaned); a queryset
    is optional, for filters given a ``method``.
    """

    class Meta:
        form = FilterForm

    def __init__(
        self,
        data: QueryDict | dict | None = None,
        queryset: Any = None,
        *,
        request: HttpRequest | None = None,
        prefix: str | None = None,
    ) -> None:
        # Always bound: an empty query string still gives each filter its default value.
        self.is_bound = True
        self.data = data if data is not None else QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = copy.deepcopy(self.base_filters)
        for filter_ in self.filters.values():
            filter_.parent = self
            if queryset is not None:
                filter_.model = queryset.model

    @property
    def values(self) -> dict[str, Any]:
        """Every filter's cleaned value; a refused one has its empty (or default) value."""
        return self.form.values

    def error_list(self) -> list[str]:
        return self.form.error_list()
