from django.urls import path

from gemini.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.index, name="index"),
]
