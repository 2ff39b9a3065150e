"""Work for the task worker (django-tasks; ``manage.py db_worker`` in production)."""

from django_tasks import task

from partnerships import frontend_cache


@task()
def purge_frontend_cache():
    """Purge the whole site from the frontend caches (Varnish, a CDN)."""
    return frontend_cache.purge_site()
