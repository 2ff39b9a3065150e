"""Who may do what to which project: the policy's organisation in Wagtail's terms.

Each sector (förvaltning) keeps its own projects; the international coordinator and
the editors keep them all. A user who holds project permissions but not "Can edit
the projects of every unit" works only on the projects of the units they are
assigned to (``OrganisationalUnit.editors``), and, while a workflow covers projects,
publishes through it rather than directly. Wagtail's views ask this policy (it is
registered for ``Project`` in ``wagtail_hooks``); the viewset also checks it on every
URL of one project, since Wagtail's own views only check the model.

Models are named by string: ``forms`` uses this module, and ``models`` uses ``forms``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

# The permission (``<action>_project``) that lifts the limit to one's own units.
ALL_UNITS = "edit_all_units"
# The project permissions the limit narrows; with none of them there is nothing to
# narrow, and a workflow task may still let a reviewer open the editor.
ACTIONS = ("add", "change", "delete", "view", "publish", "lock", "unlock")


class ProjectPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to one's units unless ``ALL_UNITS``."""

    def unit_ids(self, user):
        """The ids of the units whose projects ``user`` works on, every language of
        each; None for every unit. Kept on the user for the request."""
        if not hasattr(user, "_project_unit_ids"):
            user._project_unit_ids = self._unit_ids(user)
        return user._project_unit_ids

    def _unit_ids(self, user):
        if not user.is_active or user.is_superuser:
            return None
        if user.has_perm(self._get_permission_name(ALL_UNITS)):
            return None
        if not any(user.has_perm(self._get_permission_name(a)) for a in ACTIONS):
            return None
        units = self.model._meta.get_field("unit").related_model
        return set(
            units.objects.filter(
                translation_key__in=user.editable_units.values("translation_key")
            ).values_list("pk", flat=True)
        )

    def publishes_through_workflow(self, user):
        """Whether ``user``'s changes reach the site only through the project
        workflow: a unit's editor while that workflow is on."""
        if not hasattr(user, "_project_publishes_through_workflow"):
            user._project_publishes_through_workflow = (
                self.unit_ids(user) is not None
                and self.model.get_default_workflow() is not None
            )
        return user._project_publishes_through_workflow

    def covers(self, user, instance):
        """Whether ``instance`` is one of the projects ``user`` works on."""
        unit_ids = self.unit_ids(user)
        return unit_ids is None or instance.unit_id in unit_ids

    def user_has_permission(self, user, action):
        if action == "publish" and self.publishes_through_workflow(user):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.covers(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        unit_ids = self.unit_ids(user)
        return instances if unit_ids is None else instances.filter(unit__in=unit_ids)

    def users_with_any_permission_for_instance(self, actions, instance):
        every_unit = self._get_users_with_any_permission_codenames_filter(
            self._get_permission_codenames([ALL_UNITS])
        )
        units = type(instance.unit).objects.filter(
            translation_key=instance.unit.translation_key
        )
        return (
            self.users_with_any_permission(actions)
            .filter(every_unit | Q(editable_units__in=units))
            .distinct()
        )


project_permission_policy = ProjectPermissionPolicy("inventory.Project")


def in_users_units(view):
    """Wrap a view of one project (a ``pk`` in its URL): refused, as Wagtail refuses
    (PermissionDenied), unless the project is one the user works on."""

    def scoped_view(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and str(pk).isdigit():
            project = (
                project_permission_policy.model._default_manager.filter(pk=pk)
                .only("unit")
                .first()
            )
            if project is not None and not project_permission_policy.covers(
                request.user, project
            ):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return scoped_view
