from django.apps import AppConfig
from django.core.checks import register
from django.utils.translation import gettext_lazy as _

from website import checks


class WebsiteConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "website"
    verbose_name = _("Website")

    def ready(self):
        register(checks.per_machine_state, deploy=True)
