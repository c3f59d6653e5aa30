"""Streamlit views: the only package that imports streamlit. Each tab is ``render_x(config)``."""
