"""The whole city: every unit's register rolled up (``lgtool stad``, docs/stad.md).

- :mod:`lgtool.stad.model`: the schema of ``stad.yaml``;
- :mod:`lgtool.stad.cityfile`: reading it, with located problems;
- :mod:`lgtool.stad.units`: each unit's register (a folder or a git revision) and status;
- :mod:`lgtool.stad.rollup`: the units' key figures, the city total, the common systems;
- :mod:`lgtool.stad.render`: tables, Markdown, JSON and CSV.
"""
