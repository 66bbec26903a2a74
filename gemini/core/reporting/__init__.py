"""The committee report's shared parts, which the apps use to contribute their sections:
the document's blocks and builder (`blocks`), figures written in the report's style
(`formatting`) and the registry of sections, contributions and figures (`registry`).

Pure: no Django import. They live in core because every app writes its own report sections
(docs/reports.md, "Sections"), and the apps may import core but not one another.
"""
