package io.mcpool.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A deterministic chat model that asks for the tool calls its user message spells out, then answers
 * with what the tools returned. No network, no LLM.
 *
 * <p>User message: {@code call <tool> <json arguments>}, several joined with {@code " ; "}; anything
 * else is answered without tools. After the tool results come back, the answer is one line per
 * result: {@code <tool>: <text>}, or {@code <tool> failed: <text>} for a result marked as an error.
 * A tool the model was not offered is answered with {@code not offered: <tool>}, without calling it.
 */
final class ScriptedChatModel implements ChatModel {

    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, String> scripts = new ConcurrentHashMap<>();
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final List<ToolExecutionResultMessage> toolResults = new CopyOnWriteArrayList<>();

    @Override
    public ChatResponse doChat(ChatRequest request) {
        requests.add(request);
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        if (last instanceof UserMessage user) {
            String text = user.singleText();
            return answer(toolCalls(scripts.getOrDefault(text, text), request.toolSpecifications()));
        }
        List<ToolExecutionResultMessage> results = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0 && messages.get(i) instanceof ToolExecutionResultMessage r; i--) {
            results.add(0, r);
        }
        toolResults.addAll(results);
        return answer(AiMessage.from(results.stream()
                .map(r -> r.toolName() + (Boolean.TRUE.equals(r.isError()) ? " failed: " : ": ") + r.text())
                .collect(Collectors.joining("\n"))));
    }

    /**
     * Lets a user message in plain words stand for a script.
     *
     * @param userMessage the words
     * @param script      what the model does for them, e.g. {@code call echo {"message":"hi"}}
     * @return this
     */
    ScriptedChatModel understand(String userMessage, String script) {
        scripts.put(userMessage, script);
        return this;
    }

    /** @return every request the model got, in order */
    List<ChatRequest> requests() {
        return requests;
    }

    /** @return every tool result the model got back, in order */
    List<ToolExecutionResultMessage> toolResults() {
        return toolResults;
    }

    /** @return the names of the tools offered in the last request */
    List<String> offeredTools() {
        return requests.get(requests.size() - 1).toolSpecifications().stream().map(ToolSpecification::name).toList();
    }

    private AiMessage toolCalls(String text, List<ToolSpecification> offered) {
        if (!text.startsWith("call ")) {
            return AiMessage.from("no tools needed");
        }
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (String call : text.split(" ; ")) {
            String[] parts = call.substring("call ".length()).split(" ", 2);
            if (offered.stream().noneMatch(spec -> spec.name().equals(parts[0]))) {
                return AiMessage.from("not offered: " + parts[0]);
            }
            calls.add(ToolExecutionRequest.builder().id("call-" + ids.incrementAndGet()).name(parts[0])
                    .arguments(parts.length > 1 ? parts[1] : "{}").build());
        }
        return AiMessage.from(calls);
    }

    private static ChatResponse answer(AiMessage message) {
        return ChatResponse.builder().aiMessage(message).build();
    }
}
