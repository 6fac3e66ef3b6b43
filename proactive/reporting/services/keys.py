"""Re-sealing everything with the current report key after a key rotation (``crypto``, PROACTIVE_REPORT_KEYS).

Rotation: put a new key first in PROACTIVE_REPORT_KEYS (keep the old one after it), run ``manage.py
rotate_report_key``, then remove the old key. Each sealed value is opened with whichever configured key sealed it
and sealed again with the first; values already under the first key are left alone, so the command can be run
again after an interruption.
"""

from dataclasses import dataclass
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction

from proactive.audit.services import record_event
from proactive.reporting import crypto
from proactive.reporting.models import Action, Attachment, Message, Report


@dataclass
class Rotated:
    reports: int = 0
    messages: int = 0
    actions: int = 0
    attachments: int = 0


def _reseal(value, context: str) -> bytes | None:
    if value is None or not crypto.needs_rotation(value):
        return None
    return crypto.seal(crypto.open_sealed(value, context=context), context=context)


def rotate_report_key(*, actor=None, batch: int = 500) -> Rotated:
    """Re-seal every report's content and identity, every message, action note, attachment name and file that is
    not sealed with the current key. One transaction per report; an audit event with the counts at the end."""
    done = Rotated()
    for report_pk in Report.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=batch):
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_pk)
            changed = []
            for field, purpose in (("content", "content"), ("identity", "identity")):
                resealed = _reseal(getattr(report, field), report.context(purpose))
                if resealed is not None:
                    setattr(report, field, resealed)
                    changed.append(field)
            if changed:
                report.save(update_fields=changed)
                done.reports += 1
            for message in Message.objects.filter(report=report):
                resealed = _reseal(message.body, report.context(f"message:{message.uid}"))
                if resealed is not None:
                    Message.objects.filter(pk=message.pk).update(body=resealed)
                    done.messages += 1
            for action in Action.objects.filter(report=report):
                resealed = _reseal(action.note, report.context(f"action:{action.uid}"))
                if resealed is not None:
                    Action.objects.filter(pk=action.pk).update(note=resealed)
                    done.actions += 1
            for attachment in Attachment.objects.filter(report=report):
                done.attachments += _rotate_attachment(report, attachment)
    record_event(actor=actor, verb="reporting.key_rotated", target=_anchor(), data=done.__dict__)
    return done


def _rotate_attachment(report: Report, attachment: Attachment) -> int:
    name = _reseal(attachment.name, report.context(f"attachment-name:{attachment.uid}"))
    with attachment.file.open("rb") as handle:
        sealed = handle.read()
    body = _reseal(sealed, report.context(f"attachment:{attachment.uid}"))
    if name is None and body is None:
        return 0
    old_file = attachment.file.name or ""
    if body is not None:
        attachment.file.save("sealed", ContentFile(body), save=False)
    if name is not None:
        attachment.name = name
    attachment.save(update_fields=["name", "file"])
    if body is not None:
        transaction.on_commit(partial(attachment.file.storage.delete, old_file))
    return 1


def _anchor():
    from proactive.reporting.models import CentreSettings

    return CentreSettings.current()
