"""The domain core: checklist definitions, evaluation, storage. Never imports Qt."""
