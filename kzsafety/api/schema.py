"""How drf-spectacular describes our authentication in the OpenAPI schema."""

from django.utils import translation
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "kzsafety.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token: `Authorization: Bearer <token>`.",
        }


def describe_fields_by_their_titles(result, generator, request, public):
    """drf-spectacular puts a model field's verbose name in `title`; clients generated from
    the schema show `description`, so a field without one gets its title there too."""
    for component in result.get("components", {}).get("schemas", {}).values():
        for prop in component.get("properties", {}).values():
            if "title" in prop and "description" not in prop:
                prop["description"] = prop["title"]
    return result


class EnglishSchemaView(SpectacularAPIView):
    """The schema in English whatever the user's language (?lang= still chooses another)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().get(request, *args, **kwargs)
