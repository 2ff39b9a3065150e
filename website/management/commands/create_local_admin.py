"""Create (or refresh) the local development admin account and print its login."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the local admin account for development and print its login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_local_admin only runs with development settings (DEBUG on). "
                "In production, use 'manage.py createsuperuser'."
            )
        password_file = settings.BASE_DIR / "var" / "local-admin-password.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        stored = password_file.read_text().strip() if password_file.exists() else ""
        if user is None or not stored or not user.check_password(stored):
            stored = secrets.token_urlsafe(12)
            if user is None:
                user = user_model(username=USERNAME, email="admin@localhost")
            user.is_staff = user.is_superuser = user.is_active = True
            user.set_password(stored)
            user.save()
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(stored + "\n")
            password_file.chmod(0o600)
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: {base}/admin/  user: {USERNAME}  password: {stored}"
            )
        )
