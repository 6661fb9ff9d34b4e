"""学校督导自评助手: offline self-assessment for school supervision."""

__version__ = "0.1.0"
