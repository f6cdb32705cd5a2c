"""Entry point: `streamlit run streamlit_app.py` (the dashboard lives in the dashboard/ package)."""
from dashboard.app import main

main()
