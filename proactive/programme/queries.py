from proactive.programme.models import ProgrammeSettings


def current_settings() -> ProgrammeSettings:
    """The settings row, created with defaults on first use. One query (with the lead department)."""
    settings = ProgrammeSettings.objects.select_related("programme_unit").filter(pk=1).first()
    if settings is None:
        settings, _ = ProgrammeSettings.objects.get_or_create(pk=1)
    return settings
