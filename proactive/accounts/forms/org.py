"""Forms for the organisation pages: searches and filters, the HR import upload and the export reason."""

from collections.abc import Iterable
from typing import cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.accounts.enums import OfficialStatus
from proactive.accounts.importers import MAX_IMPORT_BYTES, ImportFileError, ImportKind, file_sha256, read_table
from proactive.accounts.models import OrgUnit


class UnitChoiceField(forms.ModelChoiceField):
    """Units in tree order, indented by depth so the select reads like the organisation chart."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u3000" * obj.depth + obj.name


def units_for_choice(scope: list[str] | None = None) -> QuerySet[OrgUnit]:
    """Active units in tree order; within ``scope`` (unit paths) when given."""
    qs = OrgUnit.objects.filter(is_active=True).only("pk", "name", "depth", "path").order_by("path")
    if scope is not None:
        condition = Q(pk__in=[])
        for path in scope:
            condition |= Q(path__startswith=path)
        qs = qs.filter(condition)
    return qs


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Unit name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )


class OfficialFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or employee number"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}),
    )
    unit = UnitChoiceField(
        label=_("Unit (with its sub-units)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("All units"),
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(OfficialStatus.choices),
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    rank = forms.ChoiceField(
        label=pgettext_lazy("civil-service rank", "Rank"),
        required=False,
        choices=[],
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )

    def __init__(self, *args, scope: list[str] | None = None, ranks: Iterable[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units_for_choice(scope)
        cast(forms.ChoiceField, self.fields["rank"]).choices = [("", _("All"))] + [(r, r) for r in ranks]


class OrgImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file contains"),
        choices=ImportKind.choices,
        initial=ImportKind.OFFICIALS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX, at most 5 MB)"),
        help_text=_("The first row must name the columns. CSV may be UTF-8 (with or without BOM) or CP949."),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    apply = forms.BooleanField(
        label=_("Apply the changes (leave unticked for a dry run that changes nothing)"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
        data = upload.read()
        try:
            table = read_table(data, upload.name)
        except ImportFileError as exc:
            raise forms.ValidationError(exc.message) from exc
        self.cleaned_data["table"] = table
        self.cleaned_data["sha256"] = file_sha256(data)
        self.cleaned_data["filename"] = upload.name
        return upload


class ExportReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the export"),
        max_length=300,
        help_text=_("The export contains personal data. The reason is kept in the access records."),
        error_messages={"required": _("Please give the reason for this export.")},
        widget=forms.TextInput(attrs={"class": "krds-input"}),
    )
