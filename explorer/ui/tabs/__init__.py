"""The ui/tabs layer."""
