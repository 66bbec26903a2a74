from django.urls import path

from gemini.programme import register_views, views

app_name = "programme"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("status/", views.status, name="status"),
    path("status/overall/", views.record_overall_status, name="record_overall_status"),
    path("workstreams/<slug:slug>/", views.workstream, name="workstream"),
    path("workstreams/<slug:slug>/edit/", views.edit_workstream, name="edit_workstream"),
    path("workstreams/<slug:slug>/status/", views.add_status_update, name="add_status_update"),
    path("bodies/<int:pk>/", views.body, name="body"),
    path("meetings/", views.forward_plan, name="forward_plan"),
    path("milestones/", register_views.milestones, name="milestones"),
    path("milestones/add/", register_views.add_milestone, name="add_milestone"),
    path("milestones/<int:pk>/edit/", register_views.edit_milestone, name="edit_milestone"),
    path("risks/", register_views.risks, name="risks"),
    path("risks/add/", register_views.add_risk, name="add_risk"),
    path("risks/<int:pk>/", register_views.risk, name="risk"),
    path("risks/<int:pk>/edit/", register_views.edit_risk, name="edit_risk"),
    path("risks/<int:pk>/actions/add/", register_views.add_risk_action, name="add_risk_action"),
    path("risks/<int:pk>/issue/", register_views.raise_issue, name="raise_issue"),
    path("issues/", register_views.issues, name="issues"),
    path("issues/add/", register_views.add_issue, name="add_issue"),
    path("issues/<int:pk>/edit/", register_views.edit_issue, name="edit_issue"),
    path("decisions/", register_views.decisions, name="decisions"),
    path("decisions/add/", register_views.add_decision, name="add_decision"),
    path("benefits/", register_views.benefits, name="benefits"),
    path("benefits/<int:pk>/", register_views.benefit, name="benefit"),
    path("benefits/<int:pk>/measure/", register_views.add_measurement, name="add_measurement"),
    path("catalogue/", register_views.catalogue, name="catalogue"),
    path("responsibility/", register_views.responsibility, name="responsibility"),
]
