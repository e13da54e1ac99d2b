app_name = "questionnaire"
urlpatterns: list = []
