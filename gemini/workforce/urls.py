from django.urls import path

from gemini.workforce import views

app_name = "workforce"

urlpatterns = [
    path("", views.index, name="index"),
    path("staff/", views.staff_list, name="staff"),
    path("posts/", views.post_list, name="posts"),
    path("runs/", views.run_list, name="runs"),
    path("runs/new/", views.new_run, name="new_run"),
    path("runs/<int:number>/", views.run, name="run"),
    path("runs/<int:number>/consultation-pack.docx", views.run_pack, name="run_pack"),
    path("runs/<int:number>/outcomes/", views.run_outcomes, name="run_outcomes"),
    path("runs/<int:number>/outcomes/confirm/", views.confirm_selected, name="confirm_selected"),
    path("runs/<int:number>/redundancy/", views.run_redundancy, name="run_redundancy"),
    path("runs/<int:number>/outcomes/<str:ref>/", views.outcome, name="outcome"),
    path("runs/<int:number>/outcomes/<str:ref>/decide/", views.decide, name="decide"),
    path("groupings/", views.grouping_list, name="groupings"),
    path("groupings/new/", views.new_grouping, name="new_grouping"),
    path("groupings/<int:pk>/", views.grouping, name="grouping"),
]
