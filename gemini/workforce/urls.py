from django.urls import path

from gemini.workforce import views

app_name = "workforce"

urlpatterns = [
    path("", views.index, name="index"),
]
