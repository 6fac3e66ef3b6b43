def inbox(request):
    raise NotImplementedError
