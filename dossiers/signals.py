from django.dispatch import Signal

# Sent after the transaction of a dossier action commits (never for a rolled-back one).
# Arguments: dossier_id, action, event_id, and event (the DossierEvent as written, with its
# dossier, unit and procedure version loaded: listeners need not read them again).
dossier_transitioned = Signal()

# Sent inside the transaction of a dossier action, once its history row is written: what a
# receiver writes commits or rolls back with the step (an outbox). Arguments: dossier, action,
# event (the DossierEvent just written, its dossier loaded). Notifications listen here and
# queue the composition of the applicant's notices, so a step is never committed without them.
dossier_step_recorded = Signal()

# Sent when someone opens a dossier's page (a read of personal data). Arguments: dossier,
# user. The supervision app records supervisors' reads from it.
dossier_viewed = Signal()
