// One registration function per guide example; each adds the routes its page needs below /examples/<slug>/.
#pragma once

namespace starling {
class App;
}

namespace gallery {

void registerGettingStarted(starling::App &app);
void registerReactiveSignals(starling::App &app);
void registerPatchingSignals(starling::App &app);
void registerBackendRequests(starling::App &app);
void registerIndicator(starling::App &app);
void registerExecutingScripts(starling::App &app);
void registerQuiz(starling::App &app);
void registerNestedSignals(starling::App &app);
void registerWebComponents(starling::App &app);
void registerFatMorph(starling::App &app);
void registerRedirect(starling::App &app);
void registerNavigation(starling::App &app);
void registerTemplates(starling::App &app);
void registerCqrs(starling::App &app);
void registerNative(starling::App &app);

} // namespace gallery
