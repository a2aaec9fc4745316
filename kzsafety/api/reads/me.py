"""Who the request acts as: the user, their role and scope (for a client to check a token)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from kzsafety.accounts.models import User


class MeSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    sector = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "role",
            "enterprise",
            "region",
            "sector",
        ]


class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="The user the request acts as")
    def get(self, request):
        return Response(MeSerializer(request.user).data)
