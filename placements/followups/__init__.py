"""The six-month follow-up: scheduled at every exit, recorded by the job broker (or imported),
cancelled when the case is reopened. The ESF's result indicator "in employment six months after
leaving" is read from it (reporting/followup.py).

It lives in placements because its employer is a company from the registry (placements is the
first app above both participants and companies); participants hear nothing of it: an exit and
a reopening reach it through the participants signals (placements/receivers.py).
"""
