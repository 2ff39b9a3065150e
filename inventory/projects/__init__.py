"""The project inventory and its open data: projects, their taxonomies, the public
project index page (list, detail, filters, coverage, exports, feed) and their admin."""
