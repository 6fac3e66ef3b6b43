"""Writes of the reporting centre, one module per area: ``intake`` (filing, the reporter's follow-up),
``handling`` (triage, investigation, action, closing, identity reveals), ``casestudies``, ``retention``;
``common`` holds the sealing, files and timeline every area uses."""
