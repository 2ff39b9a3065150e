"""The host's own date and number formats, by language (``FORMAT_MODULE_PATH``)."""
