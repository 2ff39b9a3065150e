"""wagtail-localize's translation views of a project, guarded by the project
permission policy.

wagtail-localize checks only the model permission for a snippet ("may this user
change projects?"), so a sector editor could reach another unit's project through
its translation views, which are addressed by the translation's id: edit or upload
its strings, sync it, submit it for translation. The URLs here shadow
wagtail-localize's own (they are registered first) and let a request through only if
the user may change the project concerned; then wagtail-localize's own view answers
it, unchanged. Nothing is registered when wagtail-localize is not installed.
"""

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.module_loading import import_string

from inventory.projects.models import Project
from inventory.projects.permissions import project_permission_policy

VIEWS = "wagtail_localize.views"
# wagtail-localize's views of one translation, by their path under translate/<id>/.
TRANSLATION_VIEWS = {
    "strings/<int:string_segment_id>/edit/": "edit_string_translation",
    "overrides/<int:overridable_segment_id>/edit/": "edit_override",
    "pofile/download/": "download_pofile",
    "pofile/upload/": "upload_pofile",
    "machine_translate/": "machine_translate",
    "preview/": "preview_translation",
    "preview/<str:mode>/": "preview_translation",
    "disable/": "stop_translation",
}


def check(user, instance):
    """Refuse ``user`` a project they may not change; anything else is left to
    wagtail-localize's own checks."""
    if isinstance(
        instance, Project
    ) and not project_permission_policy.user_has_permission_for_instance(
        user, "change", instance
    ):
        raise PermissionDenied


def _instance(get):
    try:
        return get()
    except ObjectDoesNotExist:
        return None  # wagtail-localize answers for a translation without its object


def translation_view(name):
    def view(request, translation_id, **kwargs):
        translation = get_object_or_404(
            apps.get_model("wagtail_localize", "Translation"), pk=translation_id
        )
        check(request.user, _instance(translation.get_target_instance))
        original = import_string(f"{VIEWS}.edit_translation.{name}")
        return original(request, translation_id=translation_id, **kwargs)

    return view


def update_view(request, translation_source_id):
    source = get_object_or_404(
        apps.get_model("wagtail_localize", "TranslationSource"),
        pk=translation_source_id,
    )
    check(request.user, _instance(source.get_source_instance))
    original = import_string(f"{VIEWS}.update_translations.UpdateTranslationsView")
    return original.as_view()(request, translation_source_id=translation_source_id)


def submit_snippet_view(request, app_label, model_name, pk):
    if apps.get_model(app_label, model_name) is Project:
        check(request.user, get_object_or_404(Project, pk=unquote(pk)))
    original = import_string(
        f"{VIEWS}.submit_translations.SubmitSnippetTranslationView"
    )
    return original.as_view()(
        request, app_label=app_label, model_name=model_name, pk=pk
    )


def urls():
    """The guarded URLs, at wagtail-localize's own paths under the admin."""
    if not apps.is_installed("wagtail_localize"):
        return []
    return [
        *(
            path(
                f"localize/translate/<int:translation_id>/{route}",
                translation_view(name),
            )
            for route, name in TRANSLATION_VIEWS.items()
        ),
        path("localize/update/<int:translation_source_id>/", update_view),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            submit_snippet_view,
        ),
    ]
