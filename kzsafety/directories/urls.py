from django.urls import path

from kzsafety.directories import views

app_name = "directories"
urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
]
