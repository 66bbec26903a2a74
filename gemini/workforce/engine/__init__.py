"""The workforce engines: pure Python, no Django (docs/workforce.md).

- `similarity`: duty match between job-description texts (TF-IDF cosine), with the shared terms.
- `matching`: eligibility, slot-in, pools and the allocation of people to posts (scipy).
- `redundancy`: statutory and discretionary redundancy pay, notice, LGPS strain flags.
- `consultation`: s188 collective consultation periods, HR1 dates, protective-award exposure.
- `equality`: outcome rates by group with the four-fifths flag and small-number suppression.
"""
