// The Datastar server SDK for Qt: everything an app needs in one include.
#pragma once

#include <datastar/event.h>
#include <datastar/options.h>
#include <datastar/readsignals.h>
#include <datastar/responses.h>
#include <datastar/serversenteventgenerator.h>
#include <datastar/tcpserver.h>
