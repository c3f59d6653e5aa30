"""Initialization explorer: ``streamlit run app.py``."""

from explorer.ui.main import main

main()
