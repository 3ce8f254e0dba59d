from django.http import HttpResponse


def queue(request):
    return HttpResponse("todo")


def detail(request, protocol):
    return HttpResponse("todo")


def track(request):
    return HttpResponse("todo")


def track_detail(request, protocol):
    return HttpResponse("todo")
