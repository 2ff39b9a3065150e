"""English as a British reader writes it: "5 December 2019", "14:30", weeks from
Monday. Django's own "en" is American ("Dec. 5, 2019", "03/01/2027")."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# ISO first: it is what a date input (and Wagtail's admin) writes back.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2027-03-01'
    "%d/%m/%Y",  # '01/03/2027'
    "%d/%m/%y",  # '01/03/27'
    "%d %b %Y",  # '1 Mar 2027'
    "%d %B %Y",  # '1 March 2027'
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # '2027-03-01 14:30:59'
    "%Y-%m-%d %H:%M:%S.%f",  # '2027-03-01 14:30:59.000200'
    "%Y-%m-%d %H:%M",  # '2027-03-01 14:30'
    "%d/%m/%Y %H:%M:%S",  # '01/03/2027 14:30:59'
    "%d/%m/%Y %H:%M",  # '01/03/2027 14:30'
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
