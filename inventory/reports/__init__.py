"""Follow-up: tertial and year-end reports computed from the inventory, published
snapshots, review status and reminders, and their admin."""
