"""Thin Qt item models adapting the core's plain data to views."""
