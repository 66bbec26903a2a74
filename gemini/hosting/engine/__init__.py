"""The data-centre exit planner: pure Python, no Django (docs/hosting.md).

- `lifecycle`: operating-system end-of-support dates (data) and a VM's support status.
- `readiness`: a VM's Azure readiness in Azure Migrate's four categories, with the reasons.
- `sizing`: right-sizing a VM to the cheapest cloud size that fits (Azure Migrate's method).
- `disposition`: the proposed 7 Rs disposition of an application, with its reasons.
- `waves`: move groups (strongly connected components) and waves under capacity and deadlines.
- `cost`: annual on-premises and cloud run cost per application and per council.
"""
