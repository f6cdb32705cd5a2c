"""Entry point: `streamlit run streamlit_app.py` (the dashboard lives in the dashboard/ package).

A columnar store (a folder written by `python -m extract --parquet DIR`, opened with
TIMELINE_STORE=DIR) gets the page that queries it with DuckDB instead of loading it.
"""
from dashboard.settings import load_settings
from extract.columnar import is_columnar_store

if is_columnar_store(load_settings().store_path):
    from dashboard.large import main
else:
    from dashboard.app import main

# Streamlit runs this file as __main__. A process spawned later from the same interpreter (a Dask worker
# started after a headless AppTest run) re-imports it as __mp_main__: that import must not start the app.
if __name__ == "__main__":
    main()
