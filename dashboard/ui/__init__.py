"""Shared Streamlit widgets: the sidebar, provenance badges, metric cards, the chart helper."""
