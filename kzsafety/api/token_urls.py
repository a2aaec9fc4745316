from django.urls import path

from kzsafety.api import token_views

app_name = "api_tokens"
urlpatterns = [
    path("", token_views.token_list, name="list"),
    path("all/", token_views.token_all, name="all"),
    path("<int:pk>/revoke/", token_views.token_revoke_confirm, name="revoke"),
]
