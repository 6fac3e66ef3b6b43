def unread(request):
    return {"unread_notifications": 0}
