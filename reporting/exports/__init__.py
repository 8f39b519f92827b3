"""Reports that leave Jobsporet, made in the background (jobsporet/jobs; kinds in
reporting/jobkinds.py): the EU Social Fund participant list (esf.py), the figures workbook
(figures.py) and the committee report PDF (committee.py). They read the KPI engine
(reporting/kpis.py) and write with the shared writers (jobsporet/core/exports)."""
