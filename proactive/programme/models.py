"""The programme's settings: what the secretariat configures once and every page uses."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from proactive.core.models import TimeStampedModel


class ProgrammeSettings(TimeStampedModel):
    """A single row (pk=1) holding the organisation's identity and the programme's contact details.

    Changed only through ``programme.services.update_settings``, which records the change on the audit trail.
    """

    organisation_name = models.CharField(_("organisation name"), max_length=100, default="부산광역시")
    organisation_name_en = models.CharField(
        _("organisation name (English)"), max_length=150, default="Busan Metropolitan City"
    )
    site_name = models.CharField(_("site name"), max_length=100, default="적극행정 통합관리 시스템")
    site_name_en = models.CharField(_("site name (English)"), max_length=150, default="Proactive Administration")
    mayor_name = models.CharField(_("head of the organisation"), max_length=60, default="박형준")
    mayor_title = models.CharField(_("title of the head"), max_length=60, default="부산광역시장")
    programme_unit = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme lead department"),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True, default="051-120")
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.CharField(
        _("address"), max_length=200, blank=True, default="(47545) 부산광역시 연제구 중앙대로 1001 (연산동)"
    )

    class Meta:
        verbose_name = _("programme settings")
        verbose_name_plural = _("programme settings")

    def __str__(self) -> str:
        return str(_("Programme settings"))

    @property
    def _english(self) -> bool:
        return (get_language() or "ko").startswith("en")

    @property
    def organisation_display(self) -> str:
        return self.organisation_name_en if self._english and self.organisation_name_en else self.organisation_name

    @property
    def site_display(self) -> str:
        return self.site_name_en if self._english and self.site_name_en else self.site_name

    @property
    def programme_unit_display(self) -> str:
        if self.programme_unit is None:
            return ""
        return self.programme_unit.display_name("en" if self._english else "ko")
