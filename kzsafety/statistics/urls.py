from django.urls import path

from kzsafety.statistics import views

app_name = "statistics"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
]
