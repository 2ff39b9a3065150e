"""Interest forms and their triage: the form page, the submissions citizens send,
notifications, rate limits, retention and the admin where editors triage them."""
