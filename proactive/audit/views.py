def event_list(request):
    raise NotImplementedError


def access_list(request):
    raise NotImplementedError
