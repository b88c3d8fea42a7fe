from django.dispatch import Signal

# Sent after the transaction of a dossier action commits (never for a rolled-back one).
# Arguments: dossier_id, action, event_id, and event (the DossierEvent as written, with its
# dossier, unit and procedure version loaded: listeners need not read them again).
# Notifications (issue: citizen portal) listen here.
dossier_transitioned = Signal()

# Sent when someone opens a dossier's page (a read of personal data). Arguments: dossier,
# user. The supervision app records supervisors' reads from it.
dossier_viewed = Signal()
