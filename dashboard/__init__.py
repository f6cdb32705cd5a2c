"""The timeline dashboard: reads the extractor's store and draws it with Streamlit and Plotly."""
