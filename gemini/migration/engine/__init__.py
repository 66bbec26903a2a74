"""The migration engine: pure Python, no Django.

- `calendar`: UK working days (weekends and England and Wales bank holidays skipped).
- `planner`: move groups (connected components of the must-move-together permissions) and
  waves under limits, each placement with its reason.
- `files`: the exact file shapes the Microsoft tools take (batch CSVs, OneDrive identity map,
  redirect map, FastTrack batches and schedule, post-move task list).
"""
